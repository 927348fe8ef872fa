#!/usr/bin/python3
"""An example subscriber in Python: prints one JSON line per ReportVersionCreated the pipeline publishes.

Needs only pika (Debian: apt-get install python3-pika). It declares its own durable queue, binds it to the
IngestionPipeline.Contracts:ReportVersionCreated exchange (durable fanout, as MassTransit declares it), and
acknowledges each event after printing it, so events published while it is down wait in the queue.

    /usr/bin/python3 subscriber.py --queue my-subscriber [--uri amqp://guest:guest@localhost:5672/] [--count N]

Each line is the event's `message` (see docs/events.md); deduplicate on reportKey + version.
"""
import argparse
import json
import os
import sys

import pika

EXCHANGE = "IngestionPipeline.Contracts:ReportVersionCreated"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", default=os.environ.get("RABBITMQ_URI", "amqp://guest:guest@localhost:5672/"))
    parser.add_argument("--queue", default="python-subscriber", help="this subscriber's own durable queue")
    parser.add_argument("--count", type=int, default=0, help="stop after this many events (0: run until interrupted)")
    args = parser.parse_args()

    connection = pika.BlockingConnection(pika.URLParameters(args.uri))
    channel = connection.channel()
    channel.exchange_declare(exchange=EXCHANGE, exchange_type="fanout", durable=True)
    channel.queue_declare(queue=args.queue, durable=True)
    channel.queue_bind(queue=args.queue, exchange=EXCHANGE)
    print(f"listening on {args.queue}", file=sys.stderr, flush=True)

    seen = 0
    for method, _properties, body in channel.consume(args.queue):
        try:
            envelope = json.loads(body)
            event = envelope["message"]
        except (ValueError, KeyError, TypeError) as error:
            # Not an event envelope: leave it out of the output, but do not lose it silently.
            print(f"skipping an unreadable message: {error}", file=sys.stderr, flush=True)
            channel.basic_nack(method.delivery_tag, requeue=False)
            continue
        print(json.dumps(event, ensure_ascii=False), flush=True)
        channel.basic_ack(method.delivery_tag)
        seen += 1
        if args.count and seen >= args.count:
            break

    channel.cancel()
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
