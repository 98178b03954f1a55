"""A deliberately flaky test: its first attempt in a run fails (the rig "is still booting"), a retry passes.

It remembers the first attempt in a file named after the runner's own cookie (SYSTEM_TESTS_RUNNER_COOKIE, new for every
run of the runner), so each run fails once and passes on its retry: run it with --retries 1 (or `retries: 1` in Jenkins)
to see a flaky test.
"""
import os
import tempfile

marker = os.path.join(tempfile.gettempdir(), 'system-tests-flaky-%s' % os.environ.get('SYSTEM_TESTS_RUNNER_COOKIE', 'none'))
if not os.path.exists(marker):
    open(marker, 'w').close()
    print('the rig is still booting')
    raise AssertionError('the rig did not answer: TimeoutError')
os.remove(marker)
print('the rig answered')
