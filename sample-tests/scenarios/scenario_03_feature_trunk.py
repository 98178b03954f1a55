"""Trunk feature: the latch is checked before and after the sensor test, so one file runs twice."""
from run import TEST_CASES_DIR, run_test_case

run_test_case('03_trunk/03_01_test_trunk_latch.py')
run_test_case('03_trunk/03_02_test_trunk_sensor.py')
run_test_case('03_trunk/03_01_test_trunk_latch.py')
