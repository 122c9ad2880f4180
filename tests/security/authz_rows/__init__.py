"""Authorization rows per feature area, merged into authz_table.TABLE.

Each module here defines `ROWS: dict[rule, dict[method, outcomes]]` built with the helpers of
`tests.security.authz_table` (row, PUBLIC, OFFICER, ...); one module per area keeps parallel
work on different routes from editing the same lines.
"""
