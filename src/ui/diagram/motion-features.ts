// framer-motion's animation features, loaded after the first paint so they stay out of the
// app's first download (LazyMotion + `m` components).
import { domAnimation } from 'framer-motion';

export default domAnimation;
