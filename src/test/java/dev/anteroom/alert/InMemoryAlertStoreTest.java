package dev.anteroom.alert;

class InMemoryAlertStoreTest extends AlertStoreContract {

  private final AlertStore store = new InMemoryAlertStore();

  @Override
  protected AlertStore store() {
    return store;
  }
}
