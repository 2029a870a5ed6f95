"""The contact-flow language and interpreter: flow-language JSON in, routing decisions out.

language.py        parse + validate Content (R8.1-R8.3) -> Flow
rules.py           per-block parameter rules and "allowed in" (R8.4)
criteria_parse.py  wire RoutingCriteria -> domain.routing.criteria tree
paths.py           the JSONPath subset and condition operators (R8.2)
interpreter.py     run(flow, state, env) -> FlowOutcome
defaults.py        the default flows of a new instance
"""
