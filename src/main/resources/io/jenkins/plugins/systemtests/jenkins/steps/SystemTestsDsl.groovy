package io.jenkins.plugins.systemtests.jenkins.steps

import io.jenkins.plugins.systemtests.jenkins.environment.EnvironmentResources
import org.jenkinsci.plugins.workflow.cps.CpsScript

/**
 * The systemTests DSL: runSystemTests, inside lock(resource: 'system-test-env-<id>') when an environment is named,
 * inside systemTestsEnvironmentWait, which reports the wait and ends it after waitTimeoutMinutes if given.
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
        // A misspelt key (enviroment) would otherwise be dropped and the tests run holding no environment.
        String unknown = SystemTestsVariable.unknownParameters(stepArgs)
        if (unknown) {
            script.error(unknown)
        }
        def waitTimeout = stepArgs.remove('waitTimeoutMinutes')
        if (!stepArgs.environment) {
            if (waitTimeout) {
                script.error('systemTests: waitTimeoutMinutes needs an environment to wait for')
            }
            return script.runSystemTests(stepArgs)
        }
        String environment = stepArgs.environment.toString()
        String resource = EnvironmentResources.prepare(environment)
        // The wait step says who holds the environment while this build waits, and bounds only the wait.
        return script.systemTestsEnvironmentWait(environment: environment,
                waitTimeoutMinutes: waitTimeout ? (waitTimeout as int) : 0) {
            script.lock(resource: resource) {
                script.runSystemTests(stepArgs)
            }
        }
    }

    def call(String tests) {
        return call(tests: tests)
    }
}
