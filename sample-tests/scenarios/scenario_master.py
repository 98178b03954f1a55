"""Master scenario: runs the feature scenarios in order."""
from run import SCENARIOS_DIR, run_scenario

run_scenario('scenario_01_feature_lamp.py')
run_scenario('scenario_02_feature_door.py')
run_scenario('scenario_03_feature_trunk.py')
