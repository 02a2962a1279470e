"""Rate limits: how often one person may do a costly thing.

`counters` counts attempts in fixed windows in the "limits" cache; `guard` turns a refusal
into an answer (a 429 with Retry-After, or the form again with its data and the message).
"""
