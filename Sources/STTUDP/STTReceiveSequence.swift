import NIOCore

/// What `STTNode.receive()` returns: every packet that arrives, in order, with back-pressure
/// (while the consumer lags, streams are left unread and their senders slow down). One
/// iterator per sequence.
public struct STTReceiveSequence: AsyncSequence, Sendable {
    public typealias Element = ReceivedPacket

    typealias Producer = NIOAsyncSequenceProducer<
        ReceivedPacket, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, ReceiveDelegate
    >

    private let producer: Producer

    init(_ producer: Producer) { self.producer = producer }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private var base: Producer.AsyncIterator

        init(_ base: Producer.AsyncIterator) { self.base = base }

        public mutating func next() async -> ReceivedPacket? { await base.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(producer.makeAsyncIterator()) }

    /// A sequence that has already ended (for a node that is not running).
    static func finished() -> STTReceiveSequence {
        let made = Producer.makeSequence(
            elementType: ReceivedPacket.self,
            backPressureStrategy: .init(lowWatermark: 1, highWatermark: 2), finishOnDeinit: false,
            delegate: ReceiveDelegate(engine: nil))
        made.source.finish()
        return STTReceiveSequence(made.sequence)
    }
}
