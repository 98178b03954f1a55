#!/usr/bin/env bash
# Starts a throwaway Jenkins on 127.0.0.1 with this plugin, for trying it by hand.
#
#   JENKINS_WAR=/path/to/jenkins.war JENKINS_PLUGINS=/path/to/plugins-dir scripts/throwaway-jenkins.sh
#
# JENKINS_PLUGINS holds the .hpi/.jpi files of the required plugins (README.md, Requirements), e.g.
# ../shared/jenkins/plugins. The home is a fresh temporary
# directory with security off and three jobs already configured: sample-pipeline (environment 7), sample-freestyle
# (environment 8) and sample-freestyle-env-7; two builds of each contend for their environment. Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${JENKINS_WAR:?set JENKINS_WAR to a jenkins.war (2.516.3 or newer)}"
: "${JENKINS_PLUGINS:?set JENKINS_PLUGINS to a folder of the required plugins (.hpi/.jpi)}"
PORT="${JENKINS_PORT:-8080}"
# The plugins come from JENKINS_PLUGINS (for example ../shared/jenkins/plugins, or the plugins/ folder of a Jenkins that
# has them installed); without them Jenkins would start with this plugin failing to load.
shopt -s nullglob
plugins=("$JENKINS_PLUGINS"/*.[hj]pi)
if [ ${#plugins[@]} -eq 0 ]; then
  echo "No .hpi or .jpi file in JENKINS_PLUGINS=$JENKINS_PLUGINS: it must hold the plugins this one needs (README.md," \
       "Requirements), e.g. ../shared/jenkins/plugins" >&2
  exit 2
fi
HPI=target/system-tests.hpi
[ -f "$HPI" ] || mvn -B -q -DskipTests package

home=$(mktemp -d -t system-tests-jenkins-XXXXXX)
mkdir -p "$home/plugins" "$home/jobs/sample-pipeline"
cp "${plugins[@]}" "$home/plugins/"
cp "$HPI" "$home/plugins/system-tests.jpi"

cat > "$home/config.xml" <<'XML'
<?xml version='1.1' encoding='UTF-8'?>
<hudson>
  <installStateName>RUNNING</installStateName>
  <useSecurity>false</useSecurity>
  <numExecutors>4</numExecutors>
</hudson>
XML
echo 2.516.3 > "$home/jenkins.install.UpgradeWizard.state"
echo 2.516.3 > "$home/jenkins.install.InstallUtil.lastExecVersion"

samples="$PWD/sample-tests"
cat > "$home/jobs/sample-pipeline/config.xml" <<XML
<?xml version='1.1' encoding='UTF-8'?>
<flow-definition plugin="workflow-job">
  <description>Runs the sample suite with the runSystemTests step and publishes its JUnit XML.</description>
  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
    <script>node {
  sh 'rm -rf sample-tests &amp;&amp; cp -r $samples sample-tests'
  def summary = systemTests tests: ['sample-tests/scenarios/scenario_master.py'], environment: '7', timeoutMinutes: 1
  echo "System Tests: \${summary.passed} passed, \${summary.failed} failed, \${summary.error} errors: \${summary.url}"
  junit 'system-tests-results.xml'
}</script>
    <sandbox>true</sandbox>
  </definition>
</flow-definition>
XML
# A freestyle job on test environment $2 that queues for it (lockable-resources' job property) and gives up after
# 30 minutes in the queue; builds of one job may run at once, so that two of them can contend for the environment.
freestyle_job() {
  mkdir -p "$home/jobs/$1"
  cat > "$home/jobs/$1/config.xml" <<XML
<?xml version='1.1' encoding='UTF-8'?>
<project>
  <description>Runs the plain sample scripts on test environment $2 with the Run Python system tests build step.</description>
  <concurrentBuild>true</concurrentBuild>
  <properties>
    <org.jenkins.plugins.lockableresources.RequiredResourcesProperty plugin="lockable-resources">
      <resourceNames>system-test-env-$2</resourceNames>
    </org.jenkins.plugins.lockableresources.RequiredResourcesProperty>
  </properties>
  <builders>
    <hudson.tasks.Shell>
      <command>rm -rf sample-tests &amp;&amp; cp -r $samples sample-tests</command>
    </hudson.tasks.Shell>
    <io.jenkins.plugins.systemtests.jenkins.steps.SystemTestsBuilder plugin="system-tests">
      <tests>sample-tests/plain
sample-tests/test_cases/99_timeouts</tests>
      <environment>$2</environment>
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
</project>
XML
}
freestyle_job sample-freestyle 8
freestyle_job sample-freestyle-env-7 7

echo "Jenkins home: $home"
echo "Open http://127.0.0.1:$PORT/system-tests/ once it is up."
exec java -Djenkins.install.runSetupWizard=false -DJENKINS_HOME="$home" -jar "$JENKINS_WAR" \
  --httpListenAddress=127.0.0.1 --httpPort="$PORT"
