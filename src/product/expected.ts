// A parse function's "no": what was expected. A class (not {ok, value} pairs) so that accepting
// a value allocates nothing: a parser returns the value itself or an Expected.
export class Expected {
  constructor(readonly expected: string) {}
}
