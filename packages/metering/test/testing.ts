/** Test support for code that uses this package: a loopback stand-in for the providers' billing APIs. */
export { fakeKeys, startFakeBillingServer } from './fake-billing-server';
