/** Runs the dialog on every message and saves both states once the turn is done (as the sample's DialogBot). */
import { ActivityHandler } from 'botbuilder';

export class DialogBot extends ActivityHandler {
  constructor(conversationState, userState, dialog) {
    super();
    this.conversationState = conversationState;
    this.userState = userState;
    this.dialog = dialog;
    this.dialogState = this.conversationState.createProperty('DialogState');

    this.onMessage(async (context, next) => {
      await this.dialog.run(context, this.dialogState);
      await next();
    });

    this.onDialog(async (context, next) => {
      await this.conversationState.saveChanges(context, false);
      await this.userState.saveChanges(context, false);
      await next();
    });
  }
}
