/// The connections a lab keeps to its broker for itself (to write past the
/// services, read depths and lag), closed when the lab stops.
public protocol LabBrokerClients: Sendable {
    func close() async
}
