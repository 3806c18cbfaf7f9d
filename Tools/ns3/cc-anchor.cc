// cc-anchor.cc - ns-3 (3.37) bulk-TCP anchor for `stt-sim bench --filter cc`.
//
// A copy of ../shared/anchors/ns3/bulk.cc extended with what the congestion-control matrix needs:
//   --queue N      drop-tail queue of the bottleneck device, in packets (use with --qdisc=none)
//   --tcp2 TYPE    congestion control of the odd-numbered flows (a BBR-versus-CUBIC row)
//   per-flow goodput, the time a quarter of all bytes had arrived (steady-state goodput), the
//   queueing delay of the bottleneck (enqueue to dequeue, p50/p99), bytes sent again, and the
//   bottleneck's drops.
//
// Topologies:
//   --flows 1 : n0 ---- n1   (one point-to-point link: --rate/--delay, loss on n1's device)
//   --flows N : dumbbell, N left leaves -> left router == bottleneck == right router -> N right leaves.
//               Bottleneck = --rate/--delay, leaves = --leafRate/--leafDelay.
//               Loss model on the right router's bottleneck device (data direction only).
// Traffic: flow i = BulkSendApplication(left leaf i) -> PacketSink(right leaf i), TCP NewReno,
//          MaxBytes = --bytes per flow, all apps start at t=0.
// Stops as soon as all flows*bytes are delivered to the sinks (or at --maxTime).
// Prints one JSON line on stdout.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-layout-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <cstdio>
#include <string>
#include <vector>

using namespace ns3;

static uint64_t g_rxBytes = 0;   // application bytes delivered to all sinks
static uint64_t g_target = 0;    // flows * bytes
static uint64_t g_phyTx = 0;     // link-level packet transmissions, all devices, all hops, both dirs
static uint64_t g_dataRx = 0;    // packets received (MacRx) by server (sink) node devices
static uint64_t g_errDrops = 0;  // packets dropped by the RateErrorModel (PhyRxDrop)
static uint64_t g_qdiscDrops = 0;
static uint64_t g_devQDrops = 0;
static uint64_t g_tcDrops = 0;   // TrafficControlLayer drops (no root qdisc + device queue stopped)
static double g_doneTime = -1.0;
static double g_quarterTime = -1.0;
static std::vector<uint64_t> g_flowBytes;
static std::vector<double> g_flowDone;
static uint64_t g_bytesPerFlow = 0;
static std::deque<double> g_enqueued;        // bottleneck queue: enqueue times, FIFO
static std::vector<double> g_sojourn;        // bottleneck queueing delays, seconds
static uint64_t g_bottleneckTx = 0;          // data packets the bottleneck serialised
static uint64_t g_bottleneckDrops = 0;       // queue and traffic-control drops at the bottleneck node

static void
FlowRx(uint32_t flow, Ptr<const Packet> p, const Address&)
{
    g_rxBytes += p->GetSize();
    g_flowBytes[flow] += p->GetSize();
    double now = Simulator::Now().GetSeconds();
    if (g_flowDone[flow] < 0 && g_flowBytes[flow] >= g_bytesPerFlow)
    {
        g_flowDone[flow] = now;
    }
    if (g_quarterTime < 0 && g_rxBytes * 4 >= g_target)
    {
        g_quarterTime = now;
    }
    if (g_doneTime < 0 && g_rxBytes >= g_target)
    {
        g_doneTime = now;
        Simulator::Stop();
    }
}

static void BottleneckEnqueue(Ptr<const Packet>) { g_enqueued.push_back(Simulator::Now().GetSeconds()); }
static void BottleneckDequeue(Ptr<const Packet> p)
{
    if (!g_enqueued.empty())
    {
        g_sojourn.push_back(Simulator::Now().GetSeconds() - g_enqueued.front());
        g_enqueued.pop_front();
    }
    if (p->GetSize() > 200)
    {
        ++g_bottleneckTx;
    }
}
static void BottleneckDrop(Ptr<const Packet>) { ++g_bottleneckDrops; }

static double
Percentile(std::vector<double>& v, double q)
{
    if (v.empty())
    {
        return 0.0;
    }
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(q * (v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

static void PhyTxEnd(Ptr<const Packet>) { ++g_phyTx; }
static void ServerMacRx(Ptr<const Packet>) { ++g_dataRx; }
static void PhyRxDrop(Ptr<const Packet>) { ++g_errDrops; }
static void QdiscDrop(Ptr<const QueueDiscItem>) { ++g_qdiscDrops; }
static void DevQueueDrop(Ptr<const Packet>) { ++g_devQDrops; }
static void TcDrop(Ptr<const Packet>) { ++g_tcDrops; }

static Ptr<NetDevice>
DeviceTowards(Ptr<Node> from, Ptr<Node> to)
{
    for (uint32_t i = 0; i < from->GetNDevices(); ++i)
    {
        Ptr<PointToPointNetDevice> d = DynamicCast<PointToPointNetDevice>(from->GetDevice(i));
        if (!d)
        {
            continue;
        }
        Ptr<Channel> ch = d->GetChannel();
        for (std::size_t k = 0; k < ch->GetNDevices(); ++k)
        {
            if (ch->GetDevice(k)->GetNode() == to)
            {
                return d;
            }
        }
    }
    NS_FATAL_ERROR("no device between nodes");
    return nullptr;
}

int
main(int argc, char* argv[])
{
    std::string rate = "100Mbps";
    std::string delay = "20ms";
    std::string leafRate = "1Gbps";
    std::string leafDelay = "1ms";
    double loss = 0.0;
    uint64_t bytes = 100000000ULL;
    uint32_t seed = 1;
    uint32_t run = 1;
    bool pcap = false;
    std::string pcapPrefix = "bulk";
    uint32_t flows = 1;
    uint32_t segSize = 1448;   // 1500 MTU - 20 IP - 20 TCP - 12 timestamp option
    uint32_t sendSize = 1448;  // BulkSend bytes per Send() call
    uint32_t buf = 0;          // Snd/Rcv buffer bytes; 0 = ns-3 default (131072)
    std::string qdisc = "default"; // "default" = ns-3 default root qdisc (FqCoDel), "none" = remove
    double maxTime = 3600.0;
    std::string tcp = "ns3::TcpNewReno"; // congestion control: ns3::TcpCubic, ns3::TcpBbr, ...
    std::string tcp2 = "";                // congestion control of odd-numbered flows (default: --tcp)
    uint32_t queue = 100;                 // bottleneck device queue, packets

    CommandLine cmd(__FILE__);
    cmd.AddValue("rate", "bottleneck/link data rate", rate);
    cmd.AddValue("delay", "bottleneck/link one-way propagation delay", delay);
    cmd.AddValue("leafRate", "dumbbell leaf link rate (flows>1)", leafRate);
    cmd.AddValue("leafDelay", "dumbbell leaf link delay (flows>1)", leafDelay);
    cmd.AddValue("loss", "Bernoulli packet loss rate (RateErrorModel, PACKET unit) on receiver side", loss);
    cmd.AddValue("bytes", "bytes to transfer per flow", bytes);
    cmd.AddValue("seed", "RngSeedManager seed", seed);
    cmd.AddValue("run", "RngSeedManager run number", run);
    cmd.AddValue("pcap", "enable point-to-point pcap tracing (0/1)", pcap);
    cmd.AddValue("pcapPrefix", "pcap file prefix", pcapPrefix);
    cmd.AddValue("flows", "number of parallel bulk TCP flows (1 = single link)", flows);
    cmd.AddValue("segSize", "TCP MSS in bytes", segSize);
    cmd.AddValue("sendSize", "BulkSend SendSize", sendSize);
    cmd.AddValue("buf", "TCP SndBufSize/RcvBufSize in bytes (0 = ns-3 default)", buf);
    cmd.AddValue("qdisc", "default|none (root queue disc on every device)", qdisc);
    cmd.AddValue("maxTime", "simulation time limit in seconds", maxTime);
    cmd.AddValue("tcp", "TCP congestion control TypeId (ns3::TcpNewReno, ns3::TcpCubic, ns3::TcpBbr, ...)", tcp);
    cmd.AddValue("tcp2", "congestion control TypeId of the odd-numbered flows", tcp2);
    cmd.AddValue("queue", "bottleneck device drop-tail queue, packets", queue);
    cmd.Parse(argc, argv);

    if (flows < 1)
    {
        NS_FATAL_ERROR("--flows must be >= 1");
    }

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);

    Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(TypeId::LookupByName(tcp)));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(segSize));
    if (buf > 0)
    {
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(buf));
        Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(buf));
    }

    const uint16_t port = 5000;
    std::vector<Ptr<Node>> clients;
    std::vector<Ptr<Node>> servers;
    std::vector<Ipv4Address> serverAddrs;
    Ptr<NetDevice> lossDev;
    Ptr<NetDevice> bottleneckDev;
    Ptr<Node> bottleneckNode;
    std::vector<Ptr<NetDevice>> serverDevs;
    NetDeviceContainer allDevs;
    TrafficControlHelper tch;

    // Keep dumbbell helper alive for the whole run (it owns containers only, but be safe).
    PointToPointDumbbellHelper* dumbbell = nullptr;

    if (flows == 1)
    {
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue(rate));
        p2p.SetDeviceAttribute("Mtu", UintegerValue(1500));
        p2p.SetChannelAttribute("Delay", StringValue(delay));
        NetDeviceContainer devs = p2p.Install(nodes);
        allDevs.Add(devs);
        InternetStackHelper stack;
        stack.Install(nodes);
        Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addr.Assign(devs);
        clients.push_back(nodes.Get(0));
        servers.push_back(nodes.Get(1));
        serverAddrs.push_back(ifs.GetAddress(1));
        lossDev = devs.Get(1);
        bottleneckDev = devs.Get(0);
        bottleneckNode = nodes.Get(0);
        serverDevs.push_back(devs.Get(1));
        if (pcap)
        {
            p2p.EnablePcapAll(pcapPrefix);
        }
    }
    else
    {
        PointToPointHelper leaf;
        leaf.SetDeviceAttribute("DataRate", StringValue(leafRate));
        leaf.SetDeviceAttribute("Mtu", UintegerValue(1500));
        leaf.SetChannelAttribute("Delay", StringValue(leafDelay));
        PointToPointHelper bottleneck;
        bottleneck.SetDeviceAttribute("DataRate", StringValue(rate));
        bottleneck.SetDeviceAttribute("Mtu", UintegerValue(1500));
        bottleneck.SetChannelAttribute("Delay", StringValue(delay));
        dumbbell = new PointToPointDumbbellHelper(flows, leaf, flows, leaf, bottleneck);
        InternetStackHelper stack;
        dumbbell->InstallStack(stack);
        dumbbell->AssignIpv4Addresses(Ipv4AddressHelper("10.1.1.0", "255.255.255.0"),
                                      Ipv4AddressHelper("10.2.1.0", "255.255.255.0"),
                                      Ipv4AddressHelper("10.3.1.0", "255.255.255.0"));
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        for (uint32_t i = 0; i < flows; ++i)
        {
            clients.push_back(dumbbell->GetLeft(i));
            servers.push_back(dumbbell->GetRight(i));
            serverAddrs.push_back(dumbbell->GetRightIpv4Address(i));
            serverDevs.push_back(DeviceTowards(dumbbell->GetRight(i), dumbbell->GetRight()));
        }
        lossDev = DeviceTowards(dumbbell->GetRight(), dumbbell->GetLeft());
        bottleneckDev = DeviceTowards(dumbbell->GetLeft(), dumbbell->GetRight());
        bottleneckNode = dumbbell->GetLeft();
        for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
        {
            Ptr<Node> node = NodeList::GetNode(n);
            for (uint32_t i = 0; i < node->GetNDevices(); ++i)
            {
                if (DynamicCast<PointToPointNetDevice>(node->GetDevice(i)))
                {
                    allDevs.Add(node->GetDevice(i));
                }
            }
        }
        if (pcap)
        {
            bottleneck.EnablePcapAll(pcapPrefix);
        }
    }

    if (qdisc == "none")
    {
        tch.Uninstall(allDevs);
    }
    else if (qdisc != "default")
    {
        NS_FATAL_ERROR("--qdisc must be default or none");
    }

    // Queues: the bottleneck holds --queue packets, every other device plenty.
    for (uint32_t i = 0; i < allDevs.GetN(); ++i)
    {
        Ptr<PointToPointNetDevice> d = DynamicCast<PointToPointNetDevice>(allDevs.Get(i));
        uint32_t limit = allDevs.Get(i) == bottleneckDev ? queue : 100000;
        d->GetQueue()->SetMaxSize(QueueSize(std::to_string(limit) + "p"));
    }
    Ptr<Queue<Packet>> bq = DynamicCast<PointToPointNetDevice>(bottleneckDev)->GetQueue();
    bq->TraceConnectWithoutContext("Enqueue", MakeCallback(&BottleneckEnqueue));
    bq->TraceConnectWithoutContext("Dequeue", MakeCallback(&BottleneckDequeue));
    bq->TraceConnectWithoutContext("Drop", MakeCallback(&BottleneckDrop));
    bottleneckNode->GetObject<TrafficControlLayer>()->TraceConnectWithoutContext(
        "TcDrop", MakeCallback(&BottleneckDrop));
    if (!tcp2.empty())
    {
        for (uint32_t i = 1; i < flows; i += 2)
        {
            clients[i]->GetObject<TcpL4Protocol>()->SetAttribute(
                "SocketType", TypeIdValue(TypeId::LookupByName(tcp2)));
        }
    }

    if (loss > 0.0)
    {
        Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
        em->SetAttribute("ErrorRate", DoubleValue(loss));
        em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        em->AssignStreams(1000);
        lossDev->SetAttribute("ReceiveErrorModel", PointerValue(em));
    }

    // Applications
    ApplicationContainer sinks;
    ApplicationContainer sources;
    for (uint32_t i = 0; i < flows; ++i)
    {
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
        sinks.Add(sinkHelper.Install(servers[i]));
        BulkSendHelper src("ns3::TcpSocketFactory", InetSocketAddress(serverAddrs[i], port));
        src.SetAttribute("MaxBytes", UintegerValue(bytes));
        src.SetAttribute("SendSize", UintegerValue(sendSize));
        sources.Add(src.Install(clients[i]));
    }
    sinks.Start(Seconds(0.0));
    sources.Start(Seconds(0.0));
    g_flowBytes.assign(flows, 0);
    g_flowDone.assign(flows, -1.0);
    g_bytesPerFlow = bytes;
    for (uint32_t i = 0; i < sinks.GetN(); ++i)
    {
        sinks.Get(i)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&FlowRx, i));
    }

    // Counters
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::PointToPointNetDevice/PhyTxEnd",
                                  MakeCallback(&PhyTxEnd));
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::PointToPointNetDevice/PhyRxDrop",
                                  MakeCallback(&PhyRxDrop));
    if (!Config::ConnectWithoutContextFailSafe(
            "/NodeList/*/DeviceList/*/$ns3::PointToPointNetDevice/TxQueue/Drop",
            MakeCallback(&DevQueueDrop)))
    {
        std::fprintf(stderr, "warning: device TxQueue/Drop trace not connected\n");
    }
    if (!Config::ConnectWithoutContextFailSafe("/NodeList/*/$ns3::TrafficControlLayer/TcDrop",
                                               MakeCallback(&TcDrop)))
    {
        std::fprintf(stderr, "warning: TrafficControlLayer/TcDrop trace not connected\n");
    }
    if (!Config::ConnectWithoutContextFailSafe(
            "/NodeList/*/$ns3::TrafficControlLayer/RootQueueDiscList/*/Drop",
            MakeCallback(&QdiscDrop)) &&
        qdisc != "none")
    {
        std::fprintf(stderr, "warning: qdisc Drop trace not connected\n");
    }
    for (auto& d : serverDevs)
    {
        d->TraceConnectWithoutContext("MacRx", MakeCallback(&ServerMacRx));
    }

    g_target = bytes * static_cast<uint64_t>(flows);
    Simulator::Stop(Seconds(maxTime));

    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    double wall = std::chrono::duration<double>(t1 - t0).count();
    double simSeconds = Simulator::Now().GetSeconds();
    uint64_t events = Simulator::GetEventCount();

    double goodputMbps = simSeconds > 0 ? (double)g_rxBytes * 8.0 / simSeconds / 1e6 : 0.0;
    double steadyMbps = (g_doneTime > g_quarterTime && g_quarterTime >= 0)
                            ? (double)(g_target - (g_target + 3) / 4) * 8.0 / (g_doneTime - g_quarterTime) / 1e6
                            : 0.0;
    std::string flowGoodputs;
    for (uint32_t i = 0; i < flows; ++i)
    {
        double t = g_flowDone[i] > 0 ? g_flowDone[i] : simSeconds;
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%s%.6f", i ? "," : "", t > 0 ? g_flowBytes[i] * 8.0 / t / 1e6 : 0.0);
        flowGoodputs += buf;
    }
    double retx = (double)g_bottleneckTx * segSize - (double)g_rxBytes;
    double p50 = Percentile(g_sojourn, 0.50);
    double p99 = Percentile(g_sojourn, 0.99);
    std::printf("{\"sim_seconds\":%.9f,\"wall_seconds\":%.6f,\"events\":%llu,\"bytes_received\":%llu,"
                "\"completed\":%s,\"goodput_mbps\":%.6f,\"steady_goodput_mbps\":%.6f,\"quarter_time\":%.9f,"
                "\"flow_goodputs_mbps\":[%s],\"queue_delay_p50\":%.9f,\"queue_delay_p99\":%.9f,"
                "\"retransmitted_bytes\":%.0f,\"bottleneck_packets\":%llu,\"bottleneck_drops\":%llu,"
                "\"loss_drops\":%llu,\"flows\":%u,\"rate\":\"%s\",\"delay\":\"%s\",\"loss\":%g,"
                "\"bytes_per_flow\":%llu,\"seed\":%u,\"run\":%u,\"queue\":%u,\"tcp\":\"%s\",\"tcp2\":\"%s\"}\n",
                simSeconds, wall, (unsigned long long)events, (unsigned long long)g_rxBytes,
                g_doneTime >= 0 ? "true" : "false", goodputMbps, steadyMbps, g_quarterTime, flowGoodputs.c_str(),
                p50, p99, retx > 0 ? retx : 0.0, (unsigned long long)(g_bottleneckTx + g_bottleneckDrops),
                (unsigned long long)g_bottleneckDrops, (unsigned long long)g_errDrops, flows, rate.c_str(),
                delay.c_str(), loss, (unsigned long long)bytes, seed, run, queue, tcp.c_str(), tcp2.c_str());
    std::fflush(stdout);

    Simulator::Destroy();
    delete dumbbell;
    return 0;
}
