"""`make bench`: the service against plain FastAPI references, side by side, in one run."""
