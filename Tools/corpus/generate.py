#!/usr/bin/env python3
"""Writes the scenario corpus (Tests/Corpus/Scenarios/*.json): small scenarios that together use
every scenario field and every event, so that a refactor can be checked against their recorded
outputs (Tools/corpus/check.py). Deterministic: the same script writes the same files.

    python3 Tools/corpus/generate.py          # rewrite the corpus
"""
import json
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Corpus", "Scenarios")
SHARED = "corpus-shared-seed-0123456789"


def scenario(name, description, nodes, links, traffic, duration="30s", seed=1, events=None, expect=None,
             capture=None, shared=SHARED, extra=None):
    s = {"$schema": "../../../Scenarios/scenario.schema.json", "name": name, "description": description,
         "seed": seed, "duration": duration}
    if shared is not None:
        s["sharedSeed"] = shared
    s["nodes"] = nodes
    s["links"] = links
    s["traffic"] = traffic
    if events:
        s["events"] = events
    if capture:
        s["capture"] = capture
    if expect:
        s["expect"] = expect
    if extra:
        s.update(extra)
    return s


def pair(a="client", b="server", **link):
    return ([{"id": a}, {"id": b, "server": True}],
            [dict({"id": "wan", "a": a, "b": b}, **link)])


def bounded(fid, frm, to, size, **kw):
    return dict({"id": fid, "kind": "bounded", "from": frm, "to": to, "size": size}, **kw)


def hand_written():
    out = []
    nodes, links = pair(delay="5ms", bandwidth="10Mbps", queue={"packets": 50},
                        jitter={"distribution": "uniform", "width": "2ms"})
    out.append(scenario("jitter-uniform", "uniform jitter reorders packets", nodes, links,
                        [bounded("up", "client", "server", "512KiB")],
                        expect={"flows": [{"flow": "up", "completes": True, "intact": True}]}))
    nodes, links = pair(delay="8ms", bandwidth="20Mbps", jitter={"distribution": "normal", "sigma": "1ms"})
    out.append(scenario("jitter-normal", "normal jitter", nodes, links, [bounded("up", "client", "server", "1MiB")],
                        expect={"flows": [{"flow": "up", "completes": True, "within": "10s"}]}))
    nodes, links = pair(delay="3ms", bandwidth="5Mbps", jitter={"distribution": "exponential", "mean": "500us"})
    out.append(scenario("jitter-exponential", "exponential jitter", nodes, links,
                        [bounded("up", "client", "server", "256KiB")]))
    nodes, links = pair(delay="10ms", bandwidth="10Mbps", jitter={"distribution": "pareto", "mean": "1ms",
                                                                  "shape": 2.5})
    out.append(scenario("jitter-pareto", "heavy-tailed jitter", nodes, links,
                        [bounded("up", "client", "server", "256KiB")]))
    nodes, links = pair(delay="10ms", bandwidth="10Mbps", queue={"packets": 100},
                        loss={"model": "gilbert-elliott", "p": 0.01, "r": 0.3, "h": 0.1, "k": 0.995})
    out.append(scenario("loss-gilbert-elliott", "bursty loss with h and k", nodes, links,
                        [bounded("up", "client", "server", "1MiB")],
                        expect={"flows": [{"flow": "up", "completes": True, "intact": True,
                                           "goodputAtLeast": "100kbps"}]}))
    nodes, links = pair(delay="10ms", bandwidth="10Mbps", loss={"model": "bernoulli", "p": 0.03})
    out.append(scenario("loss-bernoulli-object", "Bernoulli loss written as an object", nodes, links,
                        [bounded("up", "client", "server", "512KiB")]))
    nodes, links = pair(delay="10ms", bandwidth="8Mbps", queue={"bytes": "30KiB"})
    out.append(scenario("queue-bytes", "a byte-limited drop-tail queue", nodes, links,
                        [bounded("up", "client", "server", "1MiB")]))
    nodes, links = pair(delay="15ms", bandwidth="20Mbps", queue={"packets": 80, "bytes": "100KB"},
                        reverse={"delay": "40ms", "bandwidth": "1Mbps", "loss": 0.02, "queue": {"packets": 10}})
    out.append(scenario("asymmetric", "a slow lossy return path", nodes, links,
                        [bounded("up", "client", "server", "1MiB")]))
    nodes = [{"id": "client", "maxDatagramSize": 1400}, {"id": "server", "server": True, "maxDatagramSize": 1400}]
    links = [{"id": "wan", "a": "client", "b": "server", "delay": "5ms", "bandwidth": "10Mbps", "mtu": 1280}]
    out.append(scenario("mtu-black-hole", "datagrams larger than the path MTU vanish", nodes, links,
                        [bounded("up", "client", "server", "64KiB")], duration="8s",
                        expect={"flows": [{"flow": "up", "completes": False}], "noSessionFailed": False}))
    nodes, links = pair(delay="5ms", bandwidth="10Mbps", up=False)
    out.append(scenario("link-starts-down", "a link that comes up after a second", nodes, links,
                        [bounded("up", "client", "server", "256KiB")],
                        events=[{"at": "1s", "action": "link-up", "link": "wan"}]))
    nodes, links = pair(delay="5ms", bandwidth="10Mbps", queue={"packets": 50})
    out.append(scenario("link-flap", "a link goes down and up again", nodes, links,
                        [bounded("up", "client", "server", "2MiB")],
                        events=[{"at": "300ms", "action": "link-down", "link": "wan"},
                                {"at": "1300ms", "action": "link-up", "link": "wan"}]))
    nodes, links = pair(delay="5ms", bandwidth="10Mbps", queue={"packets": 50})
    out.append(scenario("set-link-reverse", "set-link changes both directions differently", nodes, links,
                        [bounded("up", "client", "server", "2MiB")],
                        events=[{"at": "200ms", "action": "set-link", "link": "wan", "bandwidth": "2Mbps", "loss": 0.02,
                                 "jitter": {"distribution": "uniform", "width": "3ms"}, "duplicate": 0.01,
                                 "reorder": 0.01, "corrupt": 0.01, "mtu": 1400, "queue": {"packets": 20},
                                 "reverse": {"delay": "30ms", "up": True}},
                                {"at": "1s", "action": "set-link", "link": "wan", "bandwidth": "10Mbps", "loss": 0}]))
    nodes = [{"id": "a"}, {"id": "b"}, {"id": "r", "kind": "router"}, {"id": "s", "server": True}]
    links = [{"id": "a-r", "a": "a", "b": "r", "delay": "2ms", "bandwidth": "50Mbps"},
             {"id": "b-r", "a": "b", "b": "r", "delay": "2ms", "bandwidth": "50Mbps"},
             {"id": "r-s", "a": "r", "b": "s", "delay": "10ms", "bandwidth": "10Mbps", "queue": {"packets": 60}}]
    out.append(scenario("partition-heal-groups", "two groups, then healed", nodes, links,
                        [bounded("fa", "a", "s", "1MiB"), bounded("fb", "b", "s", "1MiB")],
                        events=[{"at": "200ms", "action": "partition", "groups": [["a", "r"], ["s"]]},
                                {"at": "2s", "action": "heal"}]))
    nodes = [{"id": "client", "idleTimeout": "2s", "keepAlive": "500ms"},
             {"id": "server", "server": True, "idleTimeout": "2s", "keepAlive": "500ms"}]
    links = [{"id": "wan", "a": "client", "b": "server", "delay": "5ms", "bandwidth": "10Mbps",
              "queue": {"packets": 50}}]
    out.append(scenario("sender-crash", "the sender crashes and restarts", nodes, links,
                        [bounded("up", "client", "server", "2MiB")],
                        events=[{"at": "400ms", "action": "crash", "node": "client"},
                                {"at": "900ms", "action": "restart", "node": "client"}],
                        expect={"flows": [{"flow": "up", "completes": True, "intact": True}],
                                "noSessionFailed": False}))
    nodes = [{"id": "pub"}, {"id": "hub", "kind": "router"}, {"id": "s1", "server": True}, {"id": "s2", "server": True}]
    links = [{"id": "up", "a": "pub", "b": "hub", "delay": "2ms", "bandwidth": "20Mbps"},
             {"id": "l1", "a": "hub", "b": "s1", "delay": "5ms", "bandwidth": "5Mbps", "loss": 0.01},
             {"id": "l2", "a": "hub", "b": "s2", "delay": "25ms", "bandwidth": "5Mbps"}]
    out.append(scenario("messages-fan-out", "messages to two subscribers", nodes, links,
                        [{"id": "m", "kind": "messages", "from": "pub", "to": ["s1", "s2"], "count": 40, "size": "2KiB",
                          "interval": "10ms", "start": "50ms"}],
                        expect={"flows": [{"flow": "m", "completes": True, "intact": True,
                                           "latencyP99AtMost": "500ms"}]}))
    nodes, links = pair(delay="10ms", bandwidth="10Mbps")
    out.append(scenario("messages-single-peer", "messages to one peer named as a string", nodes, links,
                        [{"id": "m", "kind": "messages", "from": "client", "to": "server", "count": 25, "size": 100,
                          "interval": "5ms"}]))
    nodes, links = pair(delay="20ms", bandwidth="3Mbps", queue={"packets": 30}, loss=0.01)
    out.append(scenario("live-deadline", "a live stream with a deadline", nodes, links,
                        [{"id": "v", "kind": "live", "from": "client", "to": "server", "rate": "1Mbps",
                          "duration": "3s",
                          "chunk": "1000B", "deadline": "100ms"}],
                        events=[{"at": "1s", "action": "set-link", "link": "wan", "loss": 0.3},
                                {"at": "1500ms", "action": "set-link", "link": "wan", "loss": 0.01}],
                        expect={"flows": [{"flow": "v", "intact": True, "skipsAtLeast": 0, "latencyP99AtMost": "2s"}]}))
    nodes, links = pair(delay="10ms", bandwidth="5Mbps")
    out.append(scenario("live-no-deadline", "a live stream without a deadline", nodes, links,
                        [{"id": "v", "kind": "live", "from": "client", "to": "server", "rate": "512kbps",
                          "duration": "2s", "start": "100ms"}]))
    nodes, links = pair(delay="5ms", bandwidth="10Mbps")
    out.append(scenario("stream-id", "a bounded flow on a chosen stream id", nodes, links,
                        [bounded("up", "client", "server", "300KB", segmentSize="16KiB", streamId=42, start="20ms")]))
    nodes = [{"id": "client", "nodeSeed": "client-node-seed-explicit-1", "address": "192.168.1.10:4000"},
             {"id": "server", "server": True, "nodeSeed": "server-node-seed-explicit-1", "address": "192.168.1.20:7000",
              "sharedSeed": "a-different-shared-seed-xyz"}]
    links = [{"id": "wan", "a": "client", "b": "server", "delay": "5ms", "bandwidth": "10Mbps"}]
    out.append(scenario("wrong-seed-explicit", "explicit node seeds, addresses and a per-node shared seed", nodes,
                        links,
                        [bounded("up", "client", "server", "64KiB")], duration="5s",
                        expect={"sessions": [{"from": "client", "to": "server", "outcome": "authentication-failed"}],
                                "flows": [{"flow": "up", "completes": False}]}))
    nodes = [{"id": "client", "handshakeTimeout": "2s"}, {"id": "server", "server": True}]
    links = [{"id": "wan", "a": "client", "b": "server", "delay": "5ms", "bandwidth": "10Mbps", "up": False}]
    out.append(scenario("handshake-timeout", "no path: the handshake times out", nodes, links,
                        [bounded("up", "client", "server", "64KiB")], duration="4s",
                        expect={"sessions": [{"from": "client", "to": "server", "outcome": "timeout"}]}))
    nodes = [{"id": "client", "keepAlive": "off", "idleTimeout": "5s"}, {"id": "server", "server": True,
                                                                         "keepAlive": "off"}]
    links = [{"id": "wan", "a": "client", "b": "server", "delay": "5ms", "bandwidth": "10Mbps"}]
    out.append(scenario("keepalive-off", "keep-alive off: an idle session ends", nodes, links,
                        [bounded("up", "client", "server", "64KiB")], duration="12s",
                        expect={"sessions": [{"from": "client", "to": "server", "outcome": "established"}],
                                "noSessionFailed": True}))
    nodes = [{"id": "client", "creditWindow": 8, "sendBuffer": "1MiB"},
             {"id": "server", "server": True, "creditWindow": 4}]
    links = [{"id": "wan", "a": "client", "b": "server", "delay": "20ms", "bandwidth": "50Mbps"}]
    out.append(scenario("small-windows", "small credit windows and send buffer", nodes, links,
                        [bounded("up", "client", "server", "2MiB", segmentSize="4KiB")]))
    nodes = [{"id": "bbr", "congestionControl": "bbr"}, {"id": "cubic", "congestionControl": "cubic"},
             {"id": "reno", "congestionControl": "newreno"}, {"id": "left", "kind": "router"},
             {"id": "server", "server": True, "receiveWindow": "2MiB", "sessionReceiveWindow": "4MiB"}]
    links = [{"id": f"{c}-left", "a": c, "b": "left", "delay": "1ms", "bandwidth": "100Mbps"}
             for c in ("bbr", "cubic", "reno")]
    links.append({"id": "bottleneck", "a": "left", "b": "server", "delay": "20ms", "bandwidth": "20Mbps",
                  "queue": {"packets": 60}, "loss": 0.002})
    out.append(scenario("congestion-control-mix", "BBR, CUBIC and NewReno senders share a bottleneck", nodes, links,
                        [bounded(f"up-{c}", c, "server", "2MiB") for c in ("bbr", "cubic", "reno")],
                        expect={"everyFlow": {"completes": True, "intact": True, "within": "20s",
                                              "goodputAtLeast": "500kbps"}}))
    nodes = [{"id": "aes"}, {"id": "chacha", "cipher": "chachapoly"}, {"id": "picky", "cipher": "aesgcm"},
             {"id": "server", "server": True, "acceptCiphers": ["chachapoly"]}]
    links = [{"id": f"{c}-s", "a": c, "b": "server", "delay": "5ms", "bandwidth": "20Mbps"}
             for c in ("aes", "chacha", "picky")]
    out.append(scenario("cipher-suites", "a ChaChaPoly-only server: the ChaChaPoly client uploads, AES-GCM ones are refused",
                        nodes, links,
                        [bounded(f"up-{c}", c, "server", "256KiB") for c in ("aes", "chacha", "picky")],
                        duration="3s",
                        expect={"flows": [{"flow": "up-chacha", "completes": True, "intact": True},
                                          {"flow": "up-aes", "completes": False}],
                                "sessions": [{"from": "aes", "to": "server", "outcome": "unsupported-suite"},
                                             {"from": "chacha", "to": "server", "outcome": "established"}]}))
    nodes = [{"id": f"c{i}"} for i in range(4)] + [{"id": "server", "server": True, "maxSessions": 2}]
    links = [{"id": f"c{i}-s", "a": f"c{i}", "b": "server", "delay": "5ms", "bandwidth": "20Mbps"} for i in range(4)]
    out.append(scenario("session-limit", "a server holding two sessions at most: refusals, then retries succeed",
                        nodes, links,
                        [bounded(f"up{i}", f"c{i}", "server", "1MiB", start=f"{i * 10}ms") for i in range(4)],
                        duration="60s", expect={"everyFlow": {"completes": True, "intact": True},
                                                "noSessionFailed": False}))
    nodes = [{"id": "client"}, {"id": "a1"}, {"id": "a2"}, {"id": "a3"}, {"id": "r", "kind": "router"},
             {"id": "server", "server": True}]
    links = ([{"id": "c-r", "a": "client", "b": "r", "delay": "5ms", "bandwidth": "20Mbps", "queue": {"packets": 100}}]
             + [{"id": f"{a}-r", "a": a, "b": "r", "delay": "1ms"} for a in ("a1", "a2", "a3")]
             + [{"id": "r-s", "a": "r", "b": "server", "delay": "1ms"}])
    floods = [
        {"id": "seedless", "kind": "hello-flood", "from": "a1", "to": "server", "rate": 20000, "duration": "300ms"},
        {"id": "seeded", "kind": "hello-flood", "from": "a2", "to": "server", "rate": 20000, "duration": "300ms",
         "withSharedSeed": True},
        {"id": "echoing", "kind": "hello-flood", "from": "a3", "to": "server", "rate": 20000, "duration": "300ms",
         "start": "10ms", "withSharedSeed": True, "echoCookies": True},
    ]
    out.append(scenario("hello-flood", "three attackers flood the server with hellos while a client connects",
                        nodes, links, floods + [bounded("up", "client", "server", "256KiB", start="50ms")],
                        duration="5s", expect={"flows": [{"flow": "up", "completes": True, "within": "1s"}]}))
    nodes, links = pair(delay="10ms", bandwidth="50Mbps", mtu=1280)
    out.append(scenario("path-mtu-1280", "path MTU discovery on a 1280-byte link", nodes, links,
                        [bounded("up", "client", "server", "8MiB")],
                        expect={"flows": [{"flow": "up", "completes": True, "intact": True}]}))
    nodes = [{"id": "client", "maxDatagramSize": 8972}, {"id": "server", "server": True}]
    links = [{"id": "wan", "a": "client", "b": "server", "delay": "10ms", "bandwidth": "100Mbps", "mtu": 9000}]
    out.append(scenario("path-mtu-9000", "path MTU discovery up to jumbo frames", nodes, links,
                        [bounded("up", "client", "server", "4MiB")],
                        expect={"flows": [{"flow": "up", "completes": True, "intact": True}]}))
    nodes, links = pair(delay="15ms", bandwidth="5Mbps", loss=0.01)
    out.append(scenario("every-live-flow", "two live streams judged together", nodes, links,
                        [{"id": f"v{i}", "kind": "live", "from": "client", "to": "server", "rate": "500kbps",
                          "duration": "3s", "deadline": "300ms"} for i in range(2)],
                        expect={"everyFlow": {"latencyP99AtMost": "2s", "skipsAtLeast": 0}}))
    nodes, links = pair(delay="5ms", bandwidth="10Mbps", duplicate=0.05, reorder=0.05, corrupt=0.02)
    out.append(scenario("dup-reorder-corrupt", "duplication, reordering and corruption", nodes, links,
                        [bounded("up", "client", "server", "1MiB")],
                        capture={"file": "ignored.pcap", "keylog": "ignored.keys", "nodes": ["server"],
                                 "direction": "both", "perNode": True, "snapLength": 200},
                        expect={"flows": [{"flow": "up", "completes": True, "intact": True}]}))
    nodes, links = pair(delay="5ms", bandwidth="10Mbps")
    out.append(scenario("capture-rx", "a scenario-level capture of received datagrams", nodes, links,
                        [bounded("up", "client", "server", "128KiB")],
                        capture={"direction": "rx", "snapLength": "1KiB"},
                        expect={"fingerprint": "0" * 64}))
    nodes, links = pair(delay="5ms")
    out.append(scenario("no-bandwidth", "an infinitely fast link: no queue", nodes, links,
                        [bounded("up", "client", "server", "256KiB")], extra={"description": "no bandwidth limit"}))
    nodes = [{"id": "client"}, {"id": "server", "server": True}]
    out.append(scenario("idle-only", "no traffic: the run lasts its whole duration", nodes,
                        [{"id": "wan", "a": "client", "b": "server"}], [], duration="2s"))
    nodes = [{"id": "client", "kind": "endpoint", "sharedSeed": SHARED}, {"id": "server", "server": True}]
    links = [{"a": "client", "b": "server", "delay": "1ms", "bandwidth": "1Gbps"}]
    out.append(scenario("default-link-id", "a link without an id, endpoint kind spelled out", nodes, links,
                        [{"kind": "bounded", "from": "client", "to": "server", "size": "1MiB"}]))
    nodes = [{"id": "c1"}, {"id": "c2"}, {"id": "srv", "server": True}]
    links = [{"id": "c1-srv", "a": "c1", "b": "srv", "delay": "10ms", "bandwidth": "10Mbps"},
             {"id": "c2-srv", "a": "c2", "b": "srv", "delay": "30ms", "bandwidth": "10Mbps"}]
    out.append(scenario("server-crash-two-clients", "the server crashes under two clients", nodes, links,
                        [bounded("f1", "c1", "srv", "1MiB"), bounded("f2", "c2", "srv", "1MiB", start="100ms")],
                        events=[{"at": "500ms", "action": "crash", "node": "srv"},
                                {"at": "800ms", "action": "restart", "node": "srv"}], duration="60s",
                        expect={"noSessionFailed": False}))
    nodes = [{"id": "x"}, {"id": "r1", "kind": "router"}, {"id": "r2", "kind": "router"}, {"id": "y", "server": True}]
    links = [{"id": "x-r1", "a": "x", "b": "r1", "delay": "1ms"},
             {"id": "r1-r2-fast", "a": "r1", "b": "r2", "delay": "5ms", "bandwidth": "10Mbps"},
             {"id": "r1-r2-slow", "a": "r1", "b": "r2", "delay": "50ms", "bandwidth": "100Mbps"},
             {"id": "r2-y", "a": "r2", "b": "y", "delay": "1ms"}]
    out.append(scenario("reroute", "the shortest path goes down and traffic takes the other", nodes, links,
                        [bounded("f", "x", "y", "2MiB")],
                        events=[{"at": "300ms", "action": "link-down", "link": "r1-r2-fast"}]))
    nodes = [{"id": "x"}, {"id": "y", "server": True}, {"id": "z"}]
    links = [{"id": "x-y", "a": "x", "b": "y", "delay": "1ms"}]
    out.append(scenario("no-route", "a node no link joins cannot reach the server: the file is refused", nodes, links,
                        [bounded("f", "x", "y", "32KiB"), bounded("g", "z", "y", "32KiB")], duration="3s",
                        expect={"noSessionFailed": False}))
    nodes, links = pair(delay="5ms", bandwidth="20Mbps",
                        reverse={"delay": "12ms", "jitter": {"distribution": "normal", "sigma": "2ms"},
                                 "bandwidth": "4Mbps", "queue": {"packets": 40, "bytes": "64KiB"},
                                 "loss": {"model": "gilbert-elliott", "p": 0.02, "r": 0.5},
                                 "duplicate": 0.02, "reorder": 0.03, "corrupt": 0.01, "mtu": 1400, "up": True})
    nodes[0]["server"] = True
    out.append(scenario("reverse-everything", "every link field on the reverse direction, then set-link's delay and up",
                        nodes, links, [bounded("up", "client", "server", "1MiB"),
                                       bounded("down", "server", "client", "256KiB")],
                        events=[{"at": "300ms", "action": "set-link", "link": "wan", "delay": "30ms", "up": False},
                                {"at": "600ms", "action": "set-link", "link": "wan", "up": True}]))
    nodes = [{"id": "phone", "server": True}, {"id": "cloud", "server": True}]
    links = [{"id": "radio", "a": "phone", "b": "cloud", "delay": "15ms", "queue": {"packets": 60},
              "deliveryTrace": "../../../Scenarios/traces/constant-12mbps.trace",
              "reverse": {"deliveryTrace": "../../../Scenarios/traces/cellular.trace"}}]
    out.append(scenario("delivery-trace", "trace-driven capacity in both directions, then the uplink's trace changes",
                        nodes, links,
                        [bounded("up", "phone", "cloud", "1MiB"), bounded("down", "cloud", "phone", "2MiB")],
                        events=[{"at": "400ms", "action": "set-link", "link": "radio",
                                 "deliveryTrace": "../../../Scenarios/traces/cellular.trace"}]))
    return out


def randomized(count, rng):
    out = []
    jitters = [None, {"distribution": "uniform", "width": "1ms"}, {"distribution": "normal", "sigma": "500us"},
               {"distribution": "exponential", "mean": "300us"}, {"distribution": "pareto", "mean": "400us",
                                                                  "shape": 3}]
    for i in range(count):
        hosts = rng.randint(2, 5)
        routers = rng.randint(0, 2)
        nodes = []
        for h in range(hosts):
            node = {"id": f"h{h}"}
            if h == 0 or rng.random() < 0.3:
                node["server"] = True
            if rng.random() < 0.2:
                node["maxDatagramSize"] = rng.choice([600, 1200, 1400])
            if rng.random() < 0.15:
                node["creditWindow"] = rng.choice([16, 100, 400])
            nodes.append(node)
        for r in range(routers):
            nodes.append({"id": f"r{r}", "kind": "router"})
        links = []

        def link_params():
            p = {"delay": f"{rng.choice([1, 2, 5, 10, 20, 40])}ms",
                 "bandwidth": rng.choice(["2Mbps", "5Mbps", "10Mbps", "20Mbps", "100Mbps"])}
            if rng.random() < 0.6:
                p["queue"] = {"packets": rng.choice([10, 30, 100])}
            if rng.random() < 0.5:
                p["loss"] = rng.choice([0.001, 0.01, 0.03])
            j = rng.choice(jitters)
            if j:
                p["jitter"] = j
            if rng.random() < 0.15:
                p["duplicate"] = 0.01
            if rng.random() < 0.15:
                p["reorder"] = 0.02
            if rng.random() < 0.1:
                p["corrupt"] = 0.01
            return p

        if routers == 0:
            for h in range(1, hosts):
                links.append(dict({"id": f"l{h}", "a": f"h{h}", "b": "h0"}, **link_params()))
        else:
            for h in range(hosts):
                links.append(dict({"id": f"h{h}-r", "a": f"h{h}", "b": f"r{h % routers}"}, **link_params()))
            if routers == 2:
                links.append(dict({"id": "core", "a": "r0", "b": "r1"}, **link_params()))
        traffic = []
        servers = [n["id"] for n in nodes if n.get("server")]
        clients = [n["id"] for n in nodes[:hosts] if n["id"] != "h0"]
        for c in clients:
            kind = rng.choice(["bounded", "bounded", "live", "messages"])
            to = "h0"
            if kind == "bounded":
                traffic.append(bounded(f"f-{c}", c, to, rng.choice(["64KiB", "200KiB", "512KiB", "1MiB"]),
                                       segmentSize=rng.choice(["4KiB", "16KiB", "64KiB"]),
                                       start=f"{rng.randint(0, 300)}ms"))
            elif kind == "live":
                traffic.append({"id": f"v-{c}", "kind": "live", "from": c, "to": to,
                                "rate": rng.choice(["256kbps", "1Mbps"]), "duration": "1500ms",
                                "chunk": rng.choice(["200B", "1KiB"]),
                                **({"deadline": "120ms"} if rng.random() < 0.5 else {})})
            else:
                peers = [s for s in servers if s != c][:2] or ["h0"]
                traffic.append({"id": f"m-{c}", "kind": "messages", "from": c, "to": peers,
                                "count": rng.randint(5, 30), "size": rng.choice(["64B", "1KiB", "8KiB"]),
                                "interval": f"{rng.choice([5, 20])}ms"})
        events = []
        if rng.random() < 0.4 and links:
            l = rng.choice(links)["id"]
            events.append({"at": f"{rng.randint(100, 800)}ms", "action": "set-link", "link": l,
                           "loss": rng.choice([0, 0.05]), "bandwidth": rng.choice(["1Mbps", "50Mbps"])})
        if rng.random() < 0.3 and links:
            l = rng.choice(links)["id"]
            t = rng.randint(100, 600)
            events += [{"at": f"{t}ms", "action": "link-down", "link": l},
                       {"at": f"{t + rng.randint(100, 900)}ms", "action": "link-up", "link": l}]
        if rng.random() < 0.2 and clients:
            c = rng.choice(clients)
            t = rng.randint(100, 500)
            events += [{"at": f"{t}ms", "action": "crash", "node": c}, {"at": f"{t + 400}ms", "action": "restart",
                                                                        "node": c}]
        if rng.random() < 0.2:
            t = rng.randint(100, 500)
            events += [{"at": f"{t}ms", "action": "partition", "groups": [["h0"]]},
                       {"at": f"{t + rng.randint(200, 1500)}ms", "action": "heal"}]
        expect = {"noSessionFailed": False}
        if traffic and rng.random() < 0.7:
            f = traffic[0]
            e = {"flow": f["id"], "completes": True}
            if f["kind"] != "live":
                e["intact"] = True
            expect["flows"] = [e]
        out.append(scenario(f"random-{i:02d}", f"randomized topology {i}", nodes, links, traffic, duration="20s",
                            seed=rng.randint(1, 1 << 40), events=events or None, expect=expect))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".json"):
            os.remove(os.path.join(OUT, old))
    rng = random.Random(20261125)
    corpus = hand_written() + randomized(32, rng)
    for s in corpus:
        with open(os.path.join(OUT, s["name"] + ".json"), "w") as f:
            json.dump(s, f, indent=1)
            f.write("\n")
    print(f"wrote {len(corpus)} scenarios to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
