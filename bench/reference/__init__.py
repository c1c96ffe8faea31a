"""The references the service is measured against, written as the FastAPI docs and the seed
article write them, and never slowed on purpose."""
