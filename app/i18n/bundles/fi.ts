import common from '#locales/fi/common.json'
import request from '#locales/fi/request.json'
import errors from '#locales/fi/errors.json'
import emails from '#locales/fi/emails.json'
import officer from '#locales/fi/officer.json'
import auth from '#locales/fi/auth.json'
import oversight from '#locales/fi/oversight.json'
import documents from '#locales/fi/documents.json'
import collection from '#locales/fi/collection.json'
import controller from '#locales/fi/controller.json'

// Every namespace of one language: the browser loads only its page's language.
export default { common, request, errors, emails, officer, auth, oversight, documents, collection, controller }
