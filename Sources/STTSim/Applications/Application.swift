import STTCore

/// One node's part of a flow: the sender, or a receiver. It reacts to the events of the
/// sessions it is bound to and to the wake-ups it asks for, and reaches the world only through
/// its `ApplicationContext`; it never reads a clock.
public protocol Application: AnyObject {
    /// An event of a session this application is bound to, on its host.
    func handle(_ event: EndpointEvent, _ context: ApplicationContext)
    /// A wake-up this application asked for (`ApplicationContext.wake(at:)`).
    func wake(_ context: ApplicationContext)
    /// The host crashed: its endpoint and every session are gone.
    func hostCrashed(_ context: ApplicationContext)
}

extension Application {
    public func wake(_ context: ApplicationContext) {}
    public func hostCrashed(_ context: ApplicationContext) {}
}
