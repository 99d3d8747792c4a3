// What the check and the archive commands need of the PostgreSQL archive, loaded with import() only when a command
// uses it: the PostgreSQL client and what it pulls in cost a run that does not use it about a tenth of a second.
export { ArchiveIndex } from '../archive/postgres/archiveIndex';
export { ArchiveUnavailableError, connectPool, describeConnectionError, redactUrl } from '../archive/postgres/connect';
export { SchemaError } from '../archive/postgres/schema';
export { staleWarning } from '../archive/postgres/analysisVersion';
export { archiveMain } from './archive';
