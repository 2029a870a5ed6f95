"""Contact records: one segment of a customer interaction, as Connect records it (R5.2).

The routing engine owns the live queue state; these records are what DescribeContact,
SearchContacts and historical metrics read. `recorder.apply` folds engine events into them.
"""
