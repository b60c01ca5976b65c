// Child process for the users-presence test: opens the database file the parent has open,
// creates one user, and exits.
import { openMeter } from '../src/open-meter';

const [url, username] = process.argv.slice(2);
if (!url || !username) throw new Error('usage: create-user <url> <username>');
const meter = await openMeter({ url });
await meter.createUser({ username });
await meter.close();
