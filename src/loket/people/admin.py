"""Citizens are deliberately not in the admin.

A Person's NIK, KK number, birth date, address and phone are for the staff who serve the citizen
(``offices.access.PERSONAL_DATA_ROLES``), reached through an application of their own office in
the workspace. The admin is the system administrator's tool, and that role may not see personal
data (UU 27/2022 on personal data protection), so nothing of people/ is registered here.
"""
