#!/usr/bin/env python3
"""Writes Scenarios/many-nodes.json: N nodes in a two-level tree (a core router, N/100 edge
routers, clients under them) where every client uploads 16 KiB to one server, starts staggered.

    Tools/gen-many-nodes.py [N] > Scenarios/many-nodes.json      (default N = 1000)
"""
import json, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
edges = max(1, (n - 2) // 100)
clients = n - 2 - edges
nodes = [{"id": "server", "server": True}, {"id": "core", "kind": "router"}]
links = [{"id": "core-server", "a": "core", "b": "server", "delay": "2ms", "bandwidth": "1Gbps", "queue": {"packets": 1000}}]
for e in range(edges):
    nodes.append({"id": f"edge{e}", "kind": "router"})
    links.append({"id": f"edge{e}-core", "a": f"edge{e}", "b": "core", "delay": "5ms", "bandwidth": "100Mbps",
                  "queue": {"packets": 200}})
traffic = []
for c in range(clients):
    nodes.append({"id": f"c{c}"})
    links.append({"id": f"c{c}-edge", "a": f"c{c}", "b": f"edge{c % edges}", "delay": "10ms", "bandwidth": "10Mbps",
                  "loss": 0.005})
    traffic.append({"id": f"up{c}", "kind": "bounded", "from": f"c{c}", "to": "server", "size": "16KiB",
                    "segmentSize": "4KiB", "start": f"{(c * 7) % 2000}ms"})
scenario = {
    "$schema": "./scenario.schema.json",
    "name": "many-nodes",
    "description": f"{n} nodes: {clients} clients behind {edges} edge routers each upload 16 KiB to one server through a core router.",
    "seed": 1,
    "duration": "60s",
    "sharedSeed": "shared_secret_32bytes_minimum!",
    "nodes": nodes,
    "links": links,
    "traffic": traffic,
    "expect": {"flows": [{"flow": t["id"], "completes": True, "intact": True} for t in traffic[:: max(1, clients // 20)]]},
}
json.dump(scenario, sys.stdout, indent=1)
print()
