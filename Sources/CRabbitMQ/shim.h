#ifndef COMMLAB_CRABBITMQ_SHIM_H
#define COMMLAB_CRABBITMQ_SHIM_H

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <sys/eventfd.h>
#include <poll.h>

// The method ids are macros with casts, which Swift does not import.
static const amqp_method_number_t commlab_basic_ack_method = AMQP_BASIC_ACK_METHOD;
static const amqp_method_number_t commlab_basic_nack_method = AMQP_BASIC_NACK_METHOD;
static const amqp_method_number_t commlab_basic_return_method = AMQP_BASIC_RETURN_METHOD;
static const amqp_method_number_t commlab_channel_close_method = AMQP_CHANNEL_CLOSE_METHOD;
static const amqp_method_number_t commlab_connection_close_method = AMQP_CONNECTION_CLOSE_METHOD;
static const amqp_method_number_t commlab_channel_close_ok_method = AMQP_CHANNEL_CLOSE_OK_METHOD;

// amqp_login is variadic, which Swift cannot call.
static inline amqp_rpc_reply_t commlab_login_plain(amqp_connection_state_t state, const char *vhost, int frame_max,
                                                   int heartbeat, const char *user, const char *password) {
  return amqp_login(state, vhost, 0, frame_max, heartbeat, AMQP_SASL_METHOD_PLAIN, user, password);
}

#endif
