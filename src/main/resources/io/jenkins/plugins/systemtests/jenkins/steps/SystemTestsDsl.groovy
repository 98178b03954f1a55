package io.jenkins.plugins.systemtests.jenkins.steps

import org.jenkinsci.plugins.workflow.cps.CpsScript

/**
 * The systemTests DSL: runSystemTests, inside lock(resource: 'system-test-env-<id>') when an environment is named.
 * Waiting builds queue in lockable-resources' fair queue; the lock is released however the body ends.
 */
class SystemTestsDsl implements Serializable {
    private static final long serialVersionUID = 1L

    private final CpsScript script

    SystemTestsDsl(CpsScript script) {
        this.script = script
    }

    def call(Map args) {
        Map stepArgs = new LinkedHashMap(args ?: [:])
        if (!stepArgs.environment) {
            return script.runSystemTests(stepArgs)
        }
        String environment = stepArgs.environment.toString()
        String resource = EnvironmentResources.prepare(environment)
        String busy = EnvironmentResources.busyBecause(resource)
        if (busy != null) {
            script.echo("System Tests: waiting for test environment ${environment}: ${busy}")
        }
        return script.lock(resource: resource) {
            script.runSystemTests(stepArgs)
        }
    }

    def call(String tests) {
        return call(tests: tests)
    }
}
