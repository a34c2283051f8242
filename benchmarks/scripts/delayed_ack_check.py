# An independent client (Python http.client, one kept-alive connection, delayed ACKs as the OS does them):
# time one 100-order batch against 100 single requests. Usage: python3 delayed_ack_check.py <port> [order.json]
import http.client, json, sys, time, statistics
port = int(sys.argv[1])
order_file = sys.argv[2] if len(sys.argv) > 2 else 'examples/order.json'
order = json.load(open(order_file))
single = json.dumps(order).encode()
batch = json.dumps({"customerId": order["customerId"], "orders": [dict(order["order"], orderId="B-%d" % i) for i in range(100)]}).encode()
conn = http.client.HTTPConnection('127.0.0.1', port)
def post(path, body):
    t = time.perf_counter()
    conn.request('POST', path, body, {'Content-Type': 'application/json'})
    r = conn.getresponse(); data = r.read()
    assert r.status == 200, (r.status, data[:200])
    return time.perf_counter() - t, len(data)
for _ in range(50): post('/v1/predictions/batch', batch); post('/v1/predictions', single)
b = [post('/v1/predictions/batch', batch) for _ in range(200)]
s = []
for _ in range(20):
    t = time.perf_counter()
    for _ in range(100): post('/v1/predictions', single)
    s.append(time.perf_counter() - t)
print("response bytes of a 100-order batch: %d" % b[0][1])
print("batch of 100: median %.2f ms, min %.2f ms, p90 %.2f ms" % (statistics.median(x[0] for x in b)*1e3, min(x[0] for x in b)*1e3, sorted(x[0] for x in b)[180]*1e3))
print("100 singles: median %.2f ms, min %.2f ms" % (statistics.median(s)*1e3, min(s)*1e3))
