-- wrk script: POST /products/ with a JSON body and the bench user's token (BENCH_TOKEN).
wrk.method = "POST"
wrk.body = '{"name": "Bench product", "description": "made by wrk", "price": 9.99, "tax": 0.5}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
