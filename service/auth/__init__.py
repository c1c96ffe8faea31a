"""Authentication: password hashing, access tokens, and the bearer-token authenticator."""
