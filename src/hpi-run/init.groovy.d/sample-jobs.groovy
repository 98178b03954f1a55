// `mvn hpi:run` only (the POM points Jenkins' init hooks here): the sample jobs of the README's first steps, made at
// startup when missing, so that a fresh work/ has something to build. Jobs you change or delete stay as you left them.
//
//   sample-pipeline          the sample scenario with the systemTests DSL on test environment 7, then junit
//   sample-freestyle         the plain samples with the "Run Python system tests" step, queued for environment 8
//   sample-freestyle-env-7   the same on environment 7: it and sample-pipeline contend for one environment
import jenkins.model.Jenkins

def samples = System.getProperty('systemtests.samples')
if (!samples) {
    println 'System Tests sample jobs: systemtests.samples is not set; no sample jobs made'
    return
}
def jenkins = Jenkins.get()
if (jenkins.numExecutors < 4) {
    jenkins.numExecutors = 4 // two builds of each sample may contend for an environment
}
def copySamples = "rm -rf sample-tests && cp -r '${samples}' sample-tests"
def escape = { String text -> text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;') }

def pipelineScript = """node {
  sh "${copySamples}"
  def summary = systemTests tests: ['sample-tests/scenarios/scenario_master.py'], environment: '7', timeoutMinutes: 1
  echo "System Tests: \${summary.passed} passed, \${summary.failed} failed, \${summary.error} errors: \${summary.url}"
  junit 'system-tests-results.xml'
}"""
def jobs = [:]
jobs['sample-pipeline'] = """<?xml version='1.1' encoding='UTF-8'?>
<flow-definition plugin="workflow-job">
  <description>Runs the sample scenario with the systemTests DSL on test environment 7 and publishes its JUnit XML.</description>
  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
    <script>${escape(pipelineScript)}</script>
    <sandbox>true</sandbox>
  </definition>
</flow-definition>"""

def freestyle = { String environment ->
    """<?xml version='1.1' encoding='UTF-8'?>
<project>
  <description>Runs the plain sample scripts on test environment ${environment} with the Run Python system tests step; it queues for the environment and gives up after 30 minutes.</description>
  <concurrentBuild>true</concurrentBuild>
  <properties>
    <org.jenkins.plugins.lockableresources.RequiredResourcesProperty plugin="lockable-resources">
      <resourceNames>system-test-env-${environment}</resourceNames>
    </org.jenkins.plugins.lockableresources.RequiredResourcesProperty>
  </properties>
  <builders>
    <hudson.tasks.Shell>
      <command>${escape(copySamples)}</command>
    </hudson.tasks.Shell>
    <io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder plugin="system-tests">
      <tests>sample-tests/plain
sample-tests/test_cases/99_timeouts</tests>
      <environment>${environment}</environment>
      <waitTimeoutMinutes>30</waitTimeoutMinutes>
      <python>python3</python>
      <timeoutMinutes>1</timeoutMinutes>
      <junitXml>system-tests-results.xml</junitXml>
      <unstableOn>failed, error</unstableOn>
      <failureOn></failureOn>
    </io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder>
  </builders>
  <publishers>
    <hudson.tasks.junit.JUnitResultArchiver plugin="junit">
      <testResults>system-tests-results.xml</testResults>
    </hudson.tasks.junit.JUnitResultArchiver>
  </publishers>
</project>"""
}
jobs['sample-freestyle'] = freestyle('8')
jobs['sample-freestyle-env-7'] = freestyle('7')

jobs.each { name, xml ->
    if (jenkins.getItem(name) == null) {
        jenkins.createProjectFromXML(name, new ByteArrayInputStream(xml.getBytes('UTF-8')))
        println "System Tests sample job made: ${name}"
    }
}
println 'System Tests: sample jobs ready; build sample-pipeline, then open its System Tests page'
