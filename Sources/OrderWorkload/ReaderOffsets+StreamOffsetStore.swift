import Messaging
import OrderDomain

extension ReaderOffsets: StreamOffsetStore {}
