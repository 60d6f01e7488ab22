enum PlaceholderSyncREST {}
