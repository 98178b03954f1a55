// The end-to-end suite's Jenkins: users with API tokens, matrix authorization, anonymous without read.
import hudson.model.User
import hudson.security.HudsonPrivateSecurityRealm
import hudson.security.GlobalMatrixAuthorizationStrategy
import io.jenkins.plugins.systemtests.jenkins.SystemTestsPermissions
import jenkins.model.Jenkins
import jenkins.security.ApiTokenProperty
import org.jenkinsci.plugins.matrixauth.PermissionEntry

def jenkins = Jenkins.get()
def tokens = new File(jenkins.rootDir, 'e2e-tokens')
if (tokens.exists()) {
    return // a restart: security and tokens are already saved
}
def realm = new HudsonPrivateSecurityRealm(false, false, null)
['admin', 'lab', 'reader', 'uploader', 'builder'].each { realm.createAccount(it, it + '-password-e2e') }
jenkins.securityRealm = realm
def matrix = new GlobalMatrixAuthorizationStrategy()
matrix.add(Jenkins.ADMINISTER, PermissionEntry.user('admin'))
['lab', 'reader', 'uploader', 'builder'].each {
    matrix.add(Jenkins.READ, PermissionEntry.user(it))
    matrix.add(hudson.model.Item.READ, PermissionEntry.user(it))
}
matrix.add(SystemTestsPermissions.REPORT, PermissionEntry.user('lab'))
matrix.add(SystemTestsPermissions.UPLOAD, PermissionEntry.user('uploader'))
// builder starts builds (Build with Parameters, buildWithParameters) and sees workspaces, nothing more
matrix.add(hudson.model.Item.BUILD, PermissionEntry.user('builder'))
matrix.add(hudson.model.Item.WORKSPACE, PermissionEntry.user('builder'))
jenkins.authorizationStrategy = matrix
jenkins.numExecutors = 4
jenkins.noUsageStatistics = true // no request from the browser to anywhere but this Jenkins
jenkins.save()
tokens.mkdirs()
['admin', 'lab', 'reader', 'uploader', 'builder'].each { name ->
    def user = User.getById(name, true)
    def token = user.getProperty(ApiTokenProperty).tokenStore.generateNewToken('e2e').plainValue
    user.save()
    new File(tokens, name + '.tmp').text = token
}
// The test waits for lab's token file: write them all first, then rename, lab's last.
['admin', 'reader', 'uploader', 'builder', 'lab'].each { new File(tokens, it + '.tmp').renameTo(new File(tokens, it)) }
