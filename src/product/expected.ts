// A parse function's "no": what was expected, and a short stable reason (`precision`,
// `check_digit`, …) that becomes the second half of an issue code (`price.precision`). A class,
// not {ok, value} pairs, so that accepting a value allocates nothing: a parser returns the value
// itself or an Expected.
export class Expected {
  constructor(
    readonly expected: string,
    readonly reason: string = 'invalid',
  ) {}
}
