"""The security suite, in the spirit of the OWASP API Security Top 10.

Already covered elsewhere, and not repeated here:
- object- and function-level authorization for every operation (the tenant isolation and role
  matrix generators): tests/api/test_generated_access.py over tests/api/catalog.py;
- broken authentication (tampered, `alg: none`, wrong-key and expired access tokens, rotated and
  replayed refresh tokens, logout, logout everywhere, lockout, login rate limit, deactivated and
  blocked users at refresh): tests/api/test_sessions.py;
- the error envelope, 415 on a form post to the login, CORS and the security headers of a few
  responses: tests/api/test_http_edge.py.

Added here, generated over the same catalog where it is about every operation: mass assignment,
revoked sessions through the API, user enumeration (measured), JSON-only writes, response
headers, oversized bodies, and SQL metacharacters and NUL bytes in every query parameter."""
