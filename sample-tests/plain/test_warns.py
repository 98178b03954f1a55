print('degraded but working')
RUN_DATA.last_status = 'warning'
