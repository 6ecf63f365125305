package org.doorstep.fleet.store;

import org.doorstep.fleet.testing.FakeRecordStore;

/**
 * The in-memory {@link FakeRecordStore} through the same {@link RecordStoreContract} the JDBC stores
 * pass, so that the ingest and registry tests that use it test against the real semantics.
 */
class FakeRecordStoreTest extends RecordStoreContract {
  @Override
  protected void openStores() {
    FakeRecordStore fake = new FakeRecordStore();
    records = fake;
    devices = fake;
  }

  @Override
  protected void closeStores() {
    // nothing to close: the fake lives in memory
  }
}
