"""Who a caller is: password hashing and API tokens (the principal a request acts as)."""
