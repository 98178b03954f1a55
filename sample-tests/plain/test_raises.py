raise RuntimeError('the rig did not answer')
