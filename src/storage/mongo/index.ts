/** MongoDB adapter: the production store. The only folder that imports `mongodb`. */
export { openMongoStore, type MongoStoreOptions } from './store.mongo.ts';
export { dropMongoStoreDatabase, isFerretDb, mongoServerInfo, type MongoServerInfo } from './admin.mongo.ts';
