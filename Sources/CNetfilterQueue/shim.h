#ifndef COMMLAB_CNETFILTERQUEUE_SHIM_H
#define COMMLAB_CNETFILTERQUEUE_SHIM_H

// libnetfilter_queue exists on Linux only; elsewhere this module is empty and
// the link faults that need it say "n/a".
#ifdef __linux__
#include <stdint.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

// The packet header is a packed struct in network byte order, which Swift does not import field by field.
static inline uint32_t commlab_nfq_packet_id(struct nfq_data *data) {
  struct nfqnl_msg_packet_hdr *header = nfq_get_msg_packet_hdr(data);
  return header ? ntohl(header->packet_id) : 0;
}

// The IPv4 total length and TCP destination port from the first bytes of the copied packet (0 when absent).
static inline uint32_t commlab_nfq_ipv4_length(struct nfq_data *data) {
  unsigned char *payload = 0;
  int copied = nfq_get_payload(data, &payload);
  if (copied < 4 || (payload[0] >> 4) != 4) return copied > 0 ? (uint32_t)copied : 0;
  return ((uint32_t)payload[2] << 8) | payload[3];
}

static inline uint16_t commlab_nfq_tcp_destination_port(struct nfq_data *data) {
  unsigned char *payload = 0;
  int copied = nfq_get_payload(data, &payload);
  if (copied < 1 || (payload[0] >> 4) != 4) return 0;
  int header = (payload[0] & 0x0f) * 4;
  if (copied < header + 4 || payload[9] != 6) return 0;
  return (uint16_t)(((uint16_t)payload[header + 2] << 8) | payload[header + 3]);
}

static const uint32_t commlab_nf_accept = NF_ACCEPT;
static const uint8_t commlab_nfq_copy_packet = NFQNL_COPY_PACKET;
#endif

#endif
