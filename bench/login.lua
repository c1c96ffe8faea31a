-- wrk script: POST /token, the OAuth2 password grant as a URL-encoded form, for the bench user.
wrk.method = "POST"
wrk.body = "grant_type=password&username=bench&password=" .. os.getenv("BENCH_PASSWORD")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
