// Validates an AsyncAPI document with the AsyncAPI parser and prints a JSON summary of its channels
// ({ valid, diagnostics, channels: [{ id, address, exchange, exchangeType, messages }] }). Exit code 0 when valid.
// Usage: node validate.mjs <path/to/asyncapi.yaml>
import { Parser, fromFile } from '@asyncapi/parser';

const path = process.argv[2];
if (!path) {
  console.error('usage: node validate.mjs <asyncapi.yaml>');
  process.exit(2);
}

const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, path).parse();
// Severity 0 is an error; warnings and hints are reported but do not fail the check.
const errors = diagnostics.filter(d => d.severity === 0);
const summary = {
  valid: document !== undefined && errors.length === 0,
  diagnostics: diagnostics.map(d => ({ severity: d.severity, code: d.code, message: d.message, path: d.path.join('/') })),
  channels: document === undefined ? [] : document.channels().all().map(channel => {
    const amqp = channel.bindings().get('amqp')?.value() ?? {};
    return {
      id: channel.id(),
      address: channel.address(),
      exchange: amqp.exchange?.name ?? null,
      exchangeType: amqp.exchange?.type ?? null,
      messages: channel.messages().all().map(m => m.name() ?? m.id()),
    };
  }),
};
console.log(JSON.stringify(summary));
process.exit(summary.valid ? 0 : 1);
