extension StoreOptions {
    /// Opens the analytics consumer's store where the options say.
    public func openAnalytics(for name: String) throws -> OrderAnalytics {
        let location = try location(for: name)
        return try OpenStore.open("analytics store", at: location.description) {
            try OrderAnalytics(store: location.store)
        }
    }
}
