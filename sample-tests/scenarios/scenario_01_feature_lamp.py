"""Lamp feature: five tests covering switching, dimming and the warning on a worn bulb."""
from run import TEST_CASES_DIR, run_test_case

run_test_case('01_lamp/01_01_test_lamp_on.py')
run_test_case('01_lamp/01_02_test_lamp_worn_bulb.py')
run_test_case('01_lamp/01_03_test_lamp_dimming.py')
run_test_case('01_lamp/01_04_test_lamp_off.py')
run_test_case('01_lamp/01_05_test_lamp_colour.py')
