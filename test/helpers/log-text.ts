/**
 * Log output with what a logger adds of its own removed — epoch-ms times, process ids, ports,
 * durations — so a test can look for a customer's digits ("7911") without a timestamp that
 * happens to contain them failing it now and then.
 */
const OWN_NUMBERS = /"(time|pid|port|ms|attempts|status)":\d+/g;

export const withoutLoggerNumbers = (log: string): string => log.replace(OWN_NUMBERS, '"$1":0');
