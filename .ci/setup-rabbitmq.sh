#!/usr/bin/env bash
# RabbitMQ for the broker tests (scanner-gateway/test/broker-*.test.ts): started when it does not
# answer on 127.0.0.1:5672 (installed first when missing), then waited for. The tests use the
# default guest account from localhost (PICKPACK_TEST_AMQP_URL, exported by .ci/run).
set -euo pipefail
answers() { (echo >/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
if ! answers; then
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    echo "ci: installing rabbitmq-server"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null
  fi
  echo "ci: starting RabbitMQ"
  rabbitmq-server -detached
  for _ in $(seq 1 90); do answers && break; sleep 1; done
  answers || { echo "ci: RabbitMQ did not start on 127.0.0.1:5672" >&2; exit 1; }
  # the port opens before the broker accepts logins: wait until it is fully booted
  timeout 60 rabbitmqctl await_startup >/dev/null 2>&1 || true
fi
