"""Door feature: opening works; the lock test finds a real defect."""
from run import TEST_CASES_DIR, run_test_case

run_test_case('02_door/02_01_test_door_open.py')
run_test_case('02_door/02_02_test_door_lock.py')
