/// How datagrams reach a host's endpoint when they do not go to it directly: the delivery
/// strategy of real-socket runs. The relay carries each datagram (over a socket) and, when it
/// arrives, calls `Simulation.deliverRelayed(_:from:to:)` from the thread that runs the
/// simulation.
public protocol DatagramRelay: AnyObject {
    func relay(_ datagram: RelayedDatagram, to node: Int)
}
