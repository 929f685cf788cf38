"""Your own files, read and checked: the roster (:mod:`~sim.inputs.roster`) and the leavers file (:mod:`~sim.inputs.leavers`).

Each problem is one line naming the file, row and column; nothing here simulates (the mechanisms
take the organisation these give, :mod:`sim.mechanisms.organisation`).
"""
