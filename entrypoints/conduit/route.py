"""The Conduit API's routes: parameters free of control characters, checked first. Repeated
query parameters are the specification's business (its clients send none), not refused."""

from entrypoints.web.parameters import checked_route, refuse_control_characters

ConduitRoute = checked_route(refuse_control_characters)
