import NIOCore

/// Resumes reading when `receive()`'s consumer catches up.
struct ReceiveDelegate: NIOAsyncSequenceProducerDelegate {
    let engine: NIOLoopBound<NodeEngine>?

    func produceMore() {
        guard let engine else { return }
        engine.eventLoop.execute { engine.value.resumeReading() }
    }

    func didTerminate() {
        guard let engine else { return }
        engine.eventLoop.execute { engine.value.consumerFinished() }
    }
}
