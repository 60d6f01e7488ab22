#ifndef COMMLAB_CRDKAFKA_SHIM_H
#define COMMLAB_CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

// Macros with casts, which Swift does not import.
static const int64_t commlab_offset_beginning = RD_KAFKA_OFFSET_BEGINNING;
static const int64_t commlab_offset_invalid = RD_KAFKA_OFFSET_INVALID;
static const int32_t commlab_partition_unassigned = RD_KAFKA_PARTITION_UA;

// rd_kafka_producev is variadic, which Swift cannot call. The payload and key
// are copied; `headers` (may be NULL) is owned by librdkafka once this succeeds.
static inline rd_kafka_resp_err_t commlab_produce(rd_kafka_t *rk, const char *topic, const void *key, size_t key_len,
                                                  const void *value, size_t value_len, rd_kafka_headers_t *headers,
                                                  void *opaque) {
  if (headers) {
    return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(key, key_len),
                             RD_KAFKA_V_VALUE((void *)value, value_len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
  }
  return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(key, key_len),
                           RD_KAFKA_V_VALUE((void *)value, value_len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                           RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
}

#endif
